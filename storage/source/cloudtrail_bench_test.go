package source

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"testing"
)

// benchmarkCloudTrailEvents returns n CloudTrail events shaped like real ones (nested identity,
// request parameters, resources), varied so that nothing is trivially repeated.
func benchmarkCloudTrailEvents(n int) [][]byte {
	names := []string{"GetObject", "AssumeRole", "DescribeInstances", "ConsoleLogin", "PutBucketPolicy", "CreateAccessKey"}
	events := make([][]byte, n)
	for i := range events {
		name := names[i%len(names)]
		events[i] = fmt.Appendf(nil, `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole",`+
			`"principalId":"AROAEXAMPLE%06d:session-%d","arn":"arn:aws:sts::111122223333:assumed-role/Admin/session-%d",`+
			`"accountId":"111122223333","accessKeyId":"ASIAEXAMPLE%09d","sessionContext":{"sessionIssuer":{"type":"Role",`+
			`"principalId":"AROAEXAMPLE%06d","arn":"arn:aws:iam::111122223333:role/Admin","accountId":"111122223333",`+
			`"userName":"Admin"},"attributes":{"creationDate":"2024-03-05T09:%02d:00Z","mfaAuthenticated":"false"}}},`+
			`"eventTime":"2024-03-05T10:%02d:%02dZ","eventSource":"s3.amazonaws.com","eventName":"%s","awsRegion":"us-east-1",`+
			`"sourceIPAddress":"198.51.100.%d","userAgent":"aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2 prompt/off command/s3.cp",`+
			`"requestParameters":{"bucketName":"example-bucket-%d","Host":"example-bucket.s3.us-east-1.amazonaws.com",`+
			`"key":"reports/2024/03/05/report-%d.csv","x-id":"GetObject"},"responseElements":null,`+
			`"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,`+
			`"AuthenticationMethod":"AuthHeader","x-amz-id-2":"aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=","bytesTransferredOut":%d},`+
			`"requestID":"%016X","eventID":"%08x-1111-2222-3333-444455556666","readOnly":true,`+
			`"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::example-bucket-%d/reports/report-%d.csv"},`+
			`{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::example-bucket-%d"}],`+
			`"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data",`+
			`"tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256",`+
			`"clientProvidedHostHeader":"example-bucket.s3.us-east-1.amazonaws.com"}}`,
			i, i, i, i, i%1000, i%60, i%60, i%60, name, i%250, i%7, i, i*37%100000, i*7919, i, i%7, i, i%7)
	}
	return events
}

// BenchmarkDecodeCloudTrail measures decoding throughput over about 10k realistic events, beside
// encoding/json reading the same envelope into RawMessages (the obvious alternative).
func BenchmarkDecodeCloudTrail(b *testing.B) {
	events := benchmarkCloudTrailEvents(10000)
	envelope := append(append([]byte(`{"Records":[`), bytes.Join(events, []byte(","))...), "]}"...)
	ndjson := append(bytes.Join(events, []byte("\n")), '\n')
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(envelope)
	zw.Close()

	run := func(name string, size int, decode func() (int, error)) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				n, err := decode()
				if err != nil || n != len(events) {
					b.Fatalf("decoded %d events, %v", n, err)
				}
			}
		})
	}
	decodeFrom := func(r io.Reader) (int, error) {
		n := 0
		err := DecodeCloudTrail(r, func(rec RawRecord) error {
			n++
			return rec.Err
		})
		return n, err
	}
	run("envelope", len(envelope), func() (int, error) { return decodeFrom(bytes.NewReader(envelope)) })
	run("ndjson", len(ndjson), func() (int, error) { return decodeFrom(bytes.NewReader(ndjson)) })
	run("envelope-gzip", len(envelope), func() (int, error) {
		rc, err := Decompress(io.NopCloser(bytes.NewReader(zipped.Bytes())))
		if err != nil {
			return 0, err
		}
		defer rc.Close()
		return decodeFrom(rc)
	})
	run("encoding-json-rawmessage", len(envelope), func() (int, error) {
		var v struct{ Records []json.RawMessage }
		err := json.NewDecoder(bytes.NewReader(envelope)).Decode(&v)
		return len(v.Records), err
	})
}
