using Xunit.Sdk;

namespace Pipeline.Testing.Requirements;

/// <summary>
/// A fact that needs <see cref="Requirements"/> outside the test process (and those of its class's
/// <see cref="RequiresAttribute"/>). When one is missing the fact is skipped with the reason, which the test output
/// prints — unless that requirement's <c>PIPELINE_REQUIRE_*</c> switch is set: then it fails, naming the switch.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Pipeline.Testing.Requirements.FactRequiringDiscoverer", "Pipeline.Testing")]
public sealed class FactRequiringAttribute(params Requirement[] requirements) : FactAttribute, IRequirementsAttribute
{
    public IReadOnlyList<Requirement> Requirements { get; } = requirements;
}
