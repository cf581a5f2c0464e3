using Pipeline.Engine.Output;

namespace Pipeline.Engine.Tests;

/// <summary>Step outputs and the actor go through the build host: libraries never write $GITHUB_OUTPUT themselves.</summary>
public sealed class StepOutputTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "step-output-" + Guid.NewGuid().ToString("N")[..8]);

    public StepOutputTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void GitHub_Actions_appends_outputs_and_names_the_actor()
    {
        var output = Path.Combine(_directory, "github-output");
        File.WriteAllText(output, "earlier=1\n");
        var variables = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = output, ["GITHUB_ACTOR"] = "octocat" };
        var host = BuildHost.Detect(name => variables.GetValueOrDefault(name));

        host.SetOutput("image", "registry/app@sha256:abc");
        host.SetOutput("url", "https://dev.example.com/");

        Assert.Equal("earlier=1\nimage=registry/app@sha256:abc\nurl=https://dev.example.com/\n", File.ReadAllText(output));
        Assert.Equal("octocat", host.Actor);
        Assert.Throws<ArgumentException>(() => host.SetOutput("multi", "a\nb"));
    }

    [Fact]
    public void A_terminal_has_no_step_outputs_and_the_actor_is_the_user()
    {
        var host = BuildHost.Detect(_ => null);

        host.SetOutput("image", "registry/app@sha256:abc");

        Assert.Equal(Environment.UserName, host.Actor);
        Assert.Empty(Directory.GetFiles(_directory));
    }
}
