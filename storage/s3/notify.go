package s3

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// s3Event is the part of an S3 event notification that names objects.
// S3 sends it to SQS directly or wrapped in an SNS notification.
type s3Event struct {
	Records []struct {
		EventSource string `json:"eventSource"`
		EventName   string `json:"eventName"`
		S3          struct {
			Bucket struct {
				Name string `json:"name"`
			} `json:"bucket"`
			Object struct {
				Key  string `json:"key"`
				Size int64  `json:"size"`
				ETag string `json:"eTag"`
			} `json:"object"`
		} `json:"s3"`
	} `json:"Records"`
	// S3 sends s3:TestEvent when the notification is configured.
	Event string `json:"Event"`
	// SNS envelope.
	Type    string `json:"Type"`
	Message string `json:"Message"`
}

// maxSNSNesting stops a message that wraps itself in SNS envelopes forever.
const maxSNSNesting = 3

// parseNotification returns the objects that a queue message says were
// created. A message about something else (a test event, a deletion) names
// none; a message that is not an S3 notification is an error.
func parseNotification(body string) ([]object, error) {
	for range maxSNSNesting {
		var ev s3Event
		if err := json.Unmarshal([]byte(body), &ev); err != nil {
			return nil, fmt.Errorf("not an S3 event notification: %w", err)
		}
		switch {
		case ev.Type == "Notification" && ev.Message != "":
			body = ev.Message
			continue
		case ev.Event == "s3:TestEvent":
			return nil, nil
		case ev.Records == nil:
			return nil, errors.New("not an S3 event notification: no Records")
		}
		var objs []object
		for i, r := range ev.Records {
			if r.EventSource != "aws:s3" || !strings.HasPrefix(r.EventName, "ObjectCreated:") {
				continue
			}
			// Keys arrive URL-encoded as in a form: "+" is a space.
			key, err := url.QueryUnescape(r.S3.Object.Key)
			if err != nil {
				return nil, fmt.Errorf("record %d: invalid object key %q: %w", i, r.S3.Object.Key, err)
			}
			bucket := r.S3.Bucket.Name
			if !validBucketName(bucket) || key == "" {
				return nil, fmt.Errorf("record %d: no bucket or key", i)
			}
			objs = append(objs, object{Bucket: bucket, Key: key, Size: r.S3.Object.Size, ETag: normalizeETag(r.S3.Object.ETag)})
		}
		return objs, nil
	}
	return nil, errors.New("not an S3 event notification: SNS envelopes nested too deep")
}
