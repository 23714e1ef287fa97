package mobile

import (
	"time"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
)

// activityState is what a durable store keeps of an activity besides its
// view: every field of activity but api, which DecodeActivity gives back.
type activityState struct {
	ID     int64     `json:"id"`
	Effect effect    `json:"effect"`
	Wake   time.Time `json:"wake,omitzero"`
}

// MarshalBinary encodes the activity for a durable store (see
// DecodeActivity).
func (r *activity) MarshalBinary() ([]byte, error) {
	return r.Encode(activityState{ID: r.id, Effect: r.effect, Wake: r.wake})
}

// DecodeActivity returns the store.Codec entry for store.KindActivity: it
// reads back an activity a durable store kept, which opens its children
// (a Travel Request's) through a.
func DecodeActivity(a *API) func([]byte) (store.Record, error) {
	return func(data []byte) (store.Record, error) {
		var st activityState
		s, err := op.DecodeStored(data, &st)
		if err != nil {
			return nil, err
		}
		return &activity{Stored: s, id: st.ID, effect: st.Effect, wake: st.Wake, api: a}, nil
	}
}
