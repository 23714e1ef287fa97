package schemas_test

import (
	"fmt"

	"github.com/mobmock/mobmock/schemas"
)

// A partner's SUSPEND order misspells the transaction type; the validator
// says where, what is wrong and what to do.
func ExampleSet_Validate() {
	set, err := schemas.Load()
	if err != nil {
		panic(err)
	}
	payload, err := schemas.Decode([]byte(`{"orderRequest": {"transactionType": "SUSPENDED", "serviceId": "38382335"}}`))
	if err != nil {
		panic(err)
	}
	for _, p := range set.Validate(payload, schemas.MOBPROC, schemas.Lenient) {
		fmt.Printf("%s: %s: %s\n%s\n", p.Pointer, p.Severity, p.Message, p.Hint)
	}
	// Output:
	// /orderRequest/transactionType: error: orderRequest.transactionType has a value the contract does not allow: expected one of NEW_ACTIVATION, UPGRADE, PORT_NUMBER, ORDER_ACCESSORIES, SUSPEND, UNSUSPEND, DEACTIVATE, UPDATE_FEATURES, SWAP_DEVICES, XFER_SERVICE_OUT, XFER_SERVICE_IN, XFER_SERVICE_IN_AND_PORT; got "SUSPENDED".
	// Did you mean "SUSPEND"? Use one of the 12 transaction types of the overview document, spelled exactly (for example SWAP_DEVICES).
}

// A script checks a payload as POST /__validate and `mobmock validate
// --format json` do: one report, written by the one encoder.
func ExampleSet_Report() {
	set, err := schemas.Load()
	if err != nil {
		panic(err)
	}
	rep := set.Report([]byte(`{"activity": {"activity_type_id": 2, "employee_id": 10000, "line_id": 807778}}`), "", schemas.Lenient)
	fmt.Println(rep.Valid, rep.API, rep.Type, rep.Mode)
	for _, p := range rep.Problems {
		fmt.Println(p.Pointer, p.Severity, p.Discrepancy)
	}
	// Output:
	// true mobile Suspend lenient
	// /activity/employee_id warning MB-2
}
