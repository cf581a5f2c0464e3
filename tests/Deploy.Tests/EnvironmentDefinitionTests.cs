using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Tests;

/// <summary>Bad environment definitions give one clear line before anything starts (the rest of bad input: Deploy.IntegrationTests).</summary>
public sealed class EnvironmentDefinitionTests
{
    [Fact]
    public void An_unknown_environment_lists_the_known_ones()
    {
        var e = Assert.Throws<DeploySettingsException>(() => LocalEnvironment.Open(Path.GetTempPath(), "prod"));
        Assert.Equal("unknown environment 'prod': known environments are local", e.Message);
    }

    [Theory]
    [InlineData("Local", 1, 2, "environment name 'Local' is invalid")]
    [InlineData("local", 0, 2, "environment 'local': public port 0 is outside 1..65535")]
    [InlineData("local", 5080, 5080, "environment 'local': public and test port are both 5080")]
    public void An_invalid_environment_definition_is_one_line(string name, int publicPort, int testPort, string expected)
    {
        var e = Assert.Throws<DeploySettingsException>(() =>
            LocalEnvironment.Open(Path.GetTempPath(), name, [new EnvironmentDefinition(name, publicPort, testPort)]));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }
}
