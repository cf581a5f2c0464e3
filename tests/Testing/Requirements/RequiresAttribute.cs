namespace Pipeline.Testing.Requirements;

/// <summary>
/// Requirements of every <see cref="FactRequiringAttribute"/> and <see cref="TheoryRequiringAttribute"/> of a test class,
/// including those it inherits: a platform's contract class says once what its platform needs, and the shared checks
/// declared in the abstract contract need it too.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresAttribute(params Requirement[] requirements) : Attribute, IRequirementsAttribute
{
    public IReadOnlyList<Requirement> Requirements { get; } = requirements;
}
