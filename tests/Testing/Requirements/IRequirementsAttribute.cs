namespace Pipeline.Testing.Requirements;

/// <summary>An attribute naming requirements of tests.</summary>
public interface IRequirementsAttribute
{
    IReadOnlyList<Requirement> Requirements { get; }
}
