package mock

import (
	"testing"
)

// TestEncodeLinks: our link fields get the base URL; a client's text that
// looks like a link does not.
func TestEncodeLinks(t *testing.T) {
	v := map[string]any{
		"_meta":   map[string]string{"href": "/mobproc/v1/orders/1", "hrefNext": "/mobproc/v1/orders?offset=25"},
		"comment": `"href":"/evil`,
		"text":    "/not-a-link",
		"url":     "/activities/7",
	}
	buf, err := encode(v, "http://h:1")
	if err != nil {
		t.Fatal(err)
	}
	defer release(buf)
	want := `{"_meta":{"href":"http://h:1/mobproc/v1/orders/1","hrefNext":"http://h:1/mobproc/v1/orders?offset=25"},` +
		`"comment":"\"href\":\"/evil","text":"/not-a-link","url":"http://h:1/activities/7"}` + "\n"
	if got := buf.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
