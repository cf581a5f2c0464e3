using Xunit.Sdk;

namespace Pipeline.Testing.Requirements;

/// <summary>A theory that needs <see cref="Requirements"/>; skipped or failed as a <see cref="FactRequiringAttribute"/> is.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Pipeline.Testing.Requirements.TheoryRequiringDiscoverer", "Pipeline.Testing")]
public sealed class TheoryRequiringAttribute(params Requirement[] requirements) : TheoryAttribute, IRequirementsAttribute
{
    public IReadOnlyList<Requirement> Requirements { get; } = requirements;
}
