using Pipeline.Components.Versioning;

namespace Pipeline.Components.Tests.Versioning;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("v1.2.3", "1.2.3")]
    [InlineData("v1.2.3-rc.1+build.5", "1.2.3-rc.1")]
    [InlineData("v0.10.0-alpha-2.x", "0.10.0-alpha-2.x")]
    [InlineData("1.2.3", null)]
    [InlineData("v1.2", null)]
    [InlineData("v01.2.3", null)]
    [InlineData("v1.2.3-", null)]
    [InlineData("v1.2.3-a..b", null)]
    [InlineData("v99999999999.0.0", null)]
    public void Tags_name_versions_after_the_prefix(string tag, string? expected) =>
        Assert.Equal(expected, SemanticVersion.ParseOrNull(tag, "v")?.ToString());

    [Fact]
    public void Versions_order_as_semver_says()
    {
        string[] ascending = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1-alpha.0.5", "1.0.1", "1.10.0", "2.0.0"];
        var versions = ascending.Select(v => SemanticVersion.ParseOrNull(v)!).ToList();

        Assert.Equal(ascending, versions.OrderByDescending(v => v.ToString(), StringComparer.Ordinal).Order().Select(v => v.ToString()));
        Assert.Equal(SemanticVersion.ParseOrNull("1.0.0-rc.1"), SemanticVersion.ParseOrNull("1.0.0-rc.1+other"));
    }

    [Theory]
    [InlineData("1.2.3", 0, "1.2.3")]
    [InlineData("1.2.3", 5, "1.2.4-alpha.0.5")]
    [InlineData("2.0.0-rc.1", 3, "2.0.0-rc.1.3")]
    [InlineData("0.0.0-alpha.0", 7, "0.0.0-alpha.0.7")]
    public void The_height_after_a_version(string version, int height, string expected) =>
        Assert.Equal(expected, SemanticVersion.ParseOrNull(version)!.WithHeight(height).ToString());
}
