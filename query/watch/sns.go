package watch

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// Publisher is the one call of Amazon SNS that alerts need; *sns.Client
// has it.
type Publisher interface {
	Publish(ctx context.Context, in *sns.PublishInput, optFns ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// SNS publishes alerts to a topic: the subject is the alert's first line,
// the message its text followed by the alert's JSON, and the severity and
// incident id are message attributes for subscription filter policies.
// Only the message it builds is tested; it has not been run against real
// SNS.
type SNS struct {
	TopicARN string
	Client   Publisher
}

// NewSNS loads the AWS configuration (profile, else the standard chain)
// for the region of the topic's ARN.
func NewSNS(ctx context.Context, topicARN, profile string) (*SNS, error) {
	parts := strings.Split(topicARN, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sns" || parts[3] == "" {
		return nil, fmt.Errorf("invalid SNS topic ARN %q: want arn:aws:sns:<region>:<account>:<topic>", topicARN)
	}
	opts := []func(*config.LoadOptions) error{config.WithRegion(parts[3])}
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot load AWS configuration for SNS: %w", err)
	}
	return &SNS{TopicARN: topicARN, Client: sns.NewFromConfig(cfg)}, nil
}

func (s *SNS) Name() string { return "sns " + s.TopicARN }

// maxSubject is SNS's limit on a subject's length.
const maxSubject = 100

// Input is the Publish request for the alert.
func (s *SNS) Input(a Alert) (*sns.PublishInput, error) {
	body, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return nil, err
	}
	text := a.Text()
	subject, _, _ := strings.Cut(text, "\n")
	// A subject is ASCII without control characters, at most 100 long.
	subject = strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return -1
		}
		return r
	}, subject)
	if len(subject) > maxSubject {
		subject = subject[:maxSubject-3] + "..."
	}
	return &sns.PublishInput{
		TopicArn: aws.String(s.TopicARN),
		Subject:  aws.String(subject),
		Message:  aws.String(text + "\n\n" + string(body)),
		MessageAttributes: map[string]types.MessageAttributeValue{
			"severity":    {DataType: aws.String("String"), StringValue: aws.String(a.Incident.Severity.String())},
			"incident_id": {DataType: aws.String("String"), StringValue: aws.String(a.Incident.ID)},
			"status":      {DataType: aws.String("String"), StringValue: aws.String(a.Status)},
		},
	}, nil
}

func (s *SNS) Send(ctx context.Context, a Alert) error {
	in, err := s.Input(a)
	if err != nil {
		return err
	}
	if _, err := s.Client.Publish(ctx, in); err != nil {
		return fmt.Errorf("cannot publish to %s: %w", s.TopicARN, err)
	}
	return nil
}
