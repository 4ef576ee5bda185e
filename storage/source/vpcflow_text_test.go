package source

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// flowTranscript decodes text and describes each emitted record as
// "index srcaddr" or "index error: message".
func flowTranscript(t *testing.T, text io.Reader, format []ocsf.FlowField) []string {
	t.Helper()
	var transcript []string
	err := DecodeFlowText(text, format, func(index int, rec *ocsf.FlowFields, err error) error {
		if err != nil {
			transcript = append(transcript, fmt.Sprintf("%d error: %v", index, err))
		} else {
			transcript = append(transcript, fmt.Sprintf("%d %s", index, rec[ocsf.FlowSrcAddr]))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("DecodeFlowText: %v", err)
	}
	return transcript
}

func TestDecodeFlowText(t *testing.T) {
	f := func(name string, text string, format []ocsf.FlowField, want []string) {
		t.Helper()
		got := flowTranscript(t, strings.NewReader(text), format)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
	header := "version account-id srcaddr start"
	f("header repeated before every record",
		header+"\n2 111122223333 10.0.0.1 1709632800\n"+header+"\n2 111122223333 10.0.0.2 1709632801\n"+
			"srcaddr start\n10.0.0.3 1709632802\n",
		nil, []string{"0 10.0.0.1", "1 10.0.0.2", "2 10.0.0.3"})
	f("bad lines are reported and skipped",
		flowV2Line+"\n\n2 111122223333 10.0.0.9\n"+strings.Replace(flowV2Line, "198.51.100.7", "198.51.100.8", 1),
		nil, []string{
			"0 198.51.100.7",
			"1 error: line 3: record has 3 fields: without a header or a log format, only AWS's default layouts of 14, 29, 39 or 40 fields are known",
			"2 198.51.100.8",
		})
	f("a line longer than the limit is an error, then decoding carries on",
		flowV2Line+"\n"+strings.Repeat("x ", MaxFlowLineBytes)+"\r\n"+flowV2Line+"\n",
		nil, []string{"0 198.51.100.7", fmt.Sprintf("1 error: line 2 is longer than %d bytes", MaxFlowLineBytes), "2 198.51.100.7"})
	f("a long last line without a newline",
		flowV2Line+"\n"+strings.Repeat("y", MaxFlowLineBytes+10),
		nil, []string{"0 198.51.100.7", fmt.Sprintf("1 error: line 2 is longer than %d bytes", MaxFlowLineBytes)})
	f("a line just within the limit is read",
		flowV2Line+strings.Repeat(" ", MaxFlowLineBytes-len(flowV2Line)-1)+"\n",
		nil, []string{"0 198.51.100.7"})
	f("a given format", "10.0.0.1 1709632800\n10.0.0.2\n",
		[]ocsf.FlowField{ocsf.FlowSrcAddr, ocsf.FlowStart},
		[]string{"0 10.0.0.1", "1 error: line 2: record has 1 fields, its format names 2"})
	f("an invalid header is reported on its records",
		"version bogus\n2 x\n2 y\n", nil, []string{
			`0 error: line 2: record follows an invalid header: header names unknown field "bogus"`,
			`1 error: line 3: record follows an invalid header: header names unknown field "bogus"`,
		})
	f("empty input", "", nil, nil)
}

func TestDecodeFlowTextStops(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := DecodeFlowText(strings.NewReader(flowV2Line+"\n"+flowV2Line+"\n"), nil, func(int, *ocsf.FlowFields, error) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("emit's error: DecodeFlowText returned %v after %d calls, want stop after 1", err, calls)
	}

	broken := io.MultiReader(strings.NewReader(flowV2Line+"\n"), iotest.ErrReader(io.ErrUnexpectedEOF))
	err = DecodeFlowText(broken, nil, func(int, *ocsf.FlowFields, error) error { return nil })
	if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("read error: DecodeFlowText returned %v, want io.ErrUnexpectedEOF at line 2", err)
	}
}
