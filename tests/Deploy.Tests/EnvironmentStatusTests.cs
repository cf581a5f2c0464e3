using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Tests;

/// <summary>Status says what is wrong with the files it reads instead of failing or leaving things out.</summary>
public sealed class EnvironmentStatusTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "pipeline-deploy-tests", "status-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_corrupt_deployment_record_is_named_not_left_out()
    {
        var environment = LocalEnvironmentFolder.Open(root, "local", new LocalEdgePorts(5080, 5081));
        Directory.CreateDirectory(environment.History.Directory);
        var broken = Path.Combine(environment.History.Directory, "20261129-deploy-1.0.0.json");
        await File.WriteAllTextAsync(broken, "{\"id\": \"20261129-deploy-1.0.0\", \"release\": ");

        var status = (await EnvironmentStatus.ReadAsync(environment)).ToText();

        Assert.Contains($"  unreadable deployment record {broken}: ", status, StringComparison.Ordinal);
        Assert.Equal([broken], environment.History.Unreadable().Select(u => u.Split(": ")[0]));
    }

    [Fact]
    public async Task A_corrupt_current_json_is_named_and_status_still_answers()
    {
        var environment = LocalEnvironmentFolder.Open(root, "local", new LocalEdgePorts(5080, 5081));
        await File.WriteAllTextAsync(Path.Combine(environment.Directory, "current.json"), "{ not json");

        var status = (await EnvironmentStatus.ReadAsync(environment)).ToText();

        Assert.Contains($"  state     {environment.Directory}/current.json is not valid JSON", status, StringComparison.Ordinal);
        Assert.DoesNotContain("delete it", status, StringComparison.Ordinal);
        var error = Assert.Throws<DeployException>(() => environment.ReadState());
        Assert.DoesNotContain("delete it", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
