package mobile

import (
	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
)

// activityState is what a durable store keeps of an activity besides its
// view.
type activityState struct {
	ID     int64  `json:"id"`
	Effect effect `json:"effect"`
}

// MarshalBinary encodes the activity for a durable store (see
// DecodeActivity).
func (r *activity) MarshalBinary() ([]byte, error) {
	return r.Encode(activityState{ID: r.id, Effect: r.effect})
}

// DecodeActivity reads back an activity a durable store kept: the
// store.Codec entry for store.KindActivity.
func DecodeActivity(data []byte) (store.Record, error) {
	var st activityState
	s, err := op.DecodeStored(data, &st)
	if err != nil {
		return nil, err
	}
	return &activity{Stored: s, id: st.ID, effect: st.Effect}, nil
}
