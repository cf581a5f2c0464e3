using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Tests;

/// <summary>A bad environment name or edge ports give one clear line before anything starts (the rest of bad input: Deploy.IntegrationTests).</summary>
public sealed class LocalEnvironmentFolderTests
{
    [Theory]
    [InlineData("Local", 1, 2, "environment name 'Local' is invalid")]
    [InlineData("local", 0, 2, "environment 'local': public port 0 is outside 1..65535")]
    [InlineData("local", 1, 70000, "environment 'local': test port 70000 is outside 1..65535")]
    [InlineData("local", 5080, 5080, "environment 'local': public and test port are both 5080")]
    public void An_invalid_name_or_edge_port_is_one_line(string name, int publicPort, int testPort, string expected)
    {
        var e = Assert.Throws<DeploySettingsException>(() =>
            LocalEnvironmentFolder.Open(Path.GetTempPath(), name, new LocalEdgePorts(publicPort, testPort)));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_lives_under_pipeline_environments_and_serves_on_its_public_port()
    {
        var root = Path.Combine(Path.GetTempPath(), "pipeline-folder-tests", Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var folder = LocalEnvironmentFolder.Open(root, "staging-2", new LocalEdgePorts(5180, 5181));
            Assert.Equal(Path.Combine(root, ".pipeline", "environments", "staging-2"), folder.Directory);
            Assert.True(Directory.Exists(folder.Directory));
            Assert.Equal(new Uri("http://127.0.0.1:5180/"), folder.PublicUrl);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
