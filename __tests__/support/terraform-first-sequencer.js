// Runs the test files that drive real Terraform first, then the rest in Jest's own order (failed
// first, then slowest first by the timings Jest caches, else largest first). The Terraform files
// are the longest by far; on a clean clone Jest has no timings and would start them late, leaving
// one worker busy with them while the other has run out of files.
const Sequencer = require("@jest/test-sequencer").default;

const TERRAFORM_FILES = /__tests__\/(terraform-check\/|plan-review\/real-plans|constructs\/packed-package)/;

class TerraformFirstSequencer extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    return [...ordered.filter((test) => TERRAFORM_FILES.test(test.path)), ...ordered.filter((test) => !TERRAFORM_FILES.test(test.path))];
  }
}

module.exports = TerraformFirstSequencer;
