package mobproc

import (
	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
)

// orderState is what a durable store keeps of an order besides its view.
type orderState struct {
	ID        string         `json:"id"`
	Segments  []string       `json:"segments"`
	History   []historyItem  `json:"history,omitempty"`
	Shipments []shipmentView `json:"shipments,omitempty"`
	Effect    effect         `json:"effect"`
}

// MarshalBinary encodes the order for a durable store (see DecodeOrder).
func (r *order) MarshalBinary() ([]byte, error) {
	return r.Encode(orderState{ID: r.id, Segments: r.segments, History: r.history, Shipments: r.shipments, Effect: r.effect})
}

// DecodeOrder reads back an order a durable store kept: the store.Codec
// entry for store.KindOrder.
func DecodeOrder(data []byte) (store.Record, error) {
	var st orderState
	s, err := op.DecodeStored(data, &st)
	if err != nil {
		return nil, err
	}
	return &order{Stored: s, id: st.ID, segments: st.Segments, history: st.History, shipments: st.Shipments, effect: st.Effect}, nil
}
