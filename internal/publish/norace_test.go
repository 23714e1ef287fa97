//go:build !race

package publish_test

const raceBuild = false
