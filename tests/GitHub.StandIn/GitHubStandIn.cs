using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.GitHub.Api;
using Pipeline.Testing.Requirements;

namespace Pipeline.GitHub.StandIn;

/// <summary>
/// Once per test run: GitHub's description cut to the operations Pipeline calls, <c>prism mock</c> of it (every
/// request checked against GitHub's schema; a request that breaks it gets 422), and <c>prism proxy --errors</c> in
/// front of <see cref="FakeGitHub"/> for the flows that need state (requests and the fake's answers both checked).
/// </summary>
public sealed class GitHubStandIn : IAsyncLifetime
{
    private PrismServer? _mock;
    private PrismServer? _proxy;
    private FakeGitHub? _fake;
    private string? _directory;

    /// <summary>Why the stand-in did not start; tests fail with it (they are skipped earlier when node is missing).</summary>
    public string? Failure { get; private set; }

    public FakeGitHub Fake => _fake ?? throw new InvalidOperationException(Failure);

    public Uri MockUrl => _mock?.Url ?? throw new InvalidOperationException(Failure);

    public Uri ProxyUrl => _proxy?.Url ?? throw new InvalidOperationException(Failure);

    public async Task InitializeAsync()
    {
        if (Availability.Skips(Requirement.Prism))
        {
            return;
        }

        try
        {
            var root = Prism.RepositoryRoot();
            var (prism, full) = Prism.Install(root);
            var cut = DescriptionCutter.Cut(JsonNode.Parse(await File.ReadAllTextAsync(full))!.AsObject());
            Directory.CreateDirectory(_directory = Path.Combine(root, ".tmp", "github-standin", "last-run"));
            var description = Path.Combine(_directory, "github-cut.json");
            await File.WriteAllTextAsync(description, cut.ToJsonString());
            _fake = await FakeGitHub.StartAsync(cut);
            var mock = PrismServer.StartAsync(prism, description, null, TimeSpan.FromMinutes(2));
            var proxy = PrismServer.StartAsync(prism, description, _fake.Url, TimeSpan.FromMinutes(2));
            _mock = await mock;
            _proxy = await proxy;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            Failure = e.Message;
        }
    }

    public async Task DisposeAsync()
    {
        // Kept for a failing test's investigation: the cut description and what both Prism servers logged.
        if (_directory is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(_directory, "prism-mock.log"), _mock?.Log ?? "");
            await File.WriteAllTextAsync(Path.Combine(_directory, "prism-proxy.log"), _proxy?.Log ?? "");
        }

        _mock?.Dispose();
        _proxy?.Dispose();
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }

    /// <summary>A client of <paramref name="repository"/> through Prism: the mock, or the proxy to the fake.</summary>
    public GitHubApi Api(string repository, bool stateful)
    {
        if (Failure is not null)
        {
            Assert.Fail($"the GitHub stand-in did not start: {Failure}");
        }

        return new GitHubApi(
            new GitHubOptions("ghp_standin", GitHubRepository.TryParse(repository)!) { ApiUrl = stateful ? ProxyUrl : MockUrl, MaxRateLimitWait = TimeSpan.FromSeconds(5) },
            NullLogger.Instance,
            handler: () => new JsonAcceptHandler());
    }
}
