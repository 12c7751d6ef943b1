// Package e2e holds the end-to-end tests: the built provider binary, the real
// terraform or tofu CLI (through dev_overrides), the real hashicorp/http
// provider and the goto-mock-server program, wired together as a user would.
// The tests need TF_ACC=1 and a CLI (terraform on the PATH, or
// TF_ACC_TERRAFORM_PATH); without them they skip.
package e2e
