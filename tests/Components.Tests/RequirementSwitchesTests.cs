using Pipeline.Testing.Requirements;

namespace Pipeline.Components.Tests;

/// <summary>CI skips nothing silently: .ci/run turns every requirement's skip into a failure, and docs/testing.md names each switch.</summary>
public sealed class RequirementSwitchesTests
{
    public static TheoryData<Requirement> AllRequirements() => new(Enum.GetValues<Requirement>());

    [Theory]
    [MemberData(nameof(AllRequirements))]
    public void Ci_run_sets_the_switch_of_every_requirement(Requirement requirement)
    {
        var script = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".ci", "run"));

        Assert.Contains($"export {Availability.Switch(requirement)}=1", script);
    }

    [Theory]
    [MemberData(nameof(AllRequirements))]
    public void The_testing_doc_names_the_switch_of_every_requirement(Requirement requirement)
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "testing.md"));

        Assert.Contains(Availability.Switch(requirement), doc, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_requirement_has_its_own_switch() =>
        Assert.Equal(Enum.GetValues<Requirement>().Length, Enum.GetValues<Requirement>().Select(Availability.Switch).Distinct().Count());
}
