using Pipeline.GitHub.Deployments;
using Pipeline.GitHub.Environments;
using Sodium;

namespace Pipeline.GitHub.Tests;

public class ShapesTests
{
    [Theory]
    [InlineData("acme/service", "acme", "service")]
    [InlineData("https://github.com/acme/service.git", "acme", "service")]
    [InlineData("git@github.com:acme/service.git", "acme", "service")]
    [InlineData("ssh://git@github.com/acme/my.service", "acme", "my.service")]
    public void Repositories_parse_from_names_and_remotes(string text, string owner, string name) =>
        Assert.Equal(new GitHubRepository(owner, name), GitHubRepository.TryParse(text));

    [Theory]
    [InlineData("")]
    [InlineData("service")]
    [InlineData("a/b/c")]
    public void Other_text_is_no_repository(string text) => Assert.Null(GitHubRepository.TryParse(text));

    [Fact]
    public void The_payload_holds_commit_version_and_digest()
    {
        var request = new DeploymentRequest("production", "0123abc", "1.4.0", "sha256:feed");

        Assert.Equal(new Dictionary<string, string> { ["digest"] = "sha256:feed", ["sha"] = "0123abc", ["version"] = "1.4.0" }, request.Payload);
        Assert.False(new DeploymentRequest("dev", "0123abc", "1.4.0", null).Payload.ContainsKey("digest"));
    }

    [Fact]
    public void A_status_description_names_the_release_so_a_deployment_without_payload_still_tells_it()
    {
        var digest = "sha256:" + new string('a', 64);
        var release = new DeployedRelease("1.2.4-alpha.0.5+03cfb86", digest, "9fceb02d0ae598e95dc970b74767f19372d61af8");

        var described = release.Describe("live");

        Assert.Equal($"1.2.4-alpha.0.5+03cfb86 {digest} commit 9fceb02d0ae5: live", described);
        Assert.True(described.Length <= StatusDescription.MaxLength);
        Assert.Equal(release with { Commit = "9fceb02d0ae5" }, DeployedRelease.FromDescription(described));
        Assert.Equal(new DeployedRelease("1.4.0", null, "9fceb02d0ae5"), DeployedRelease.FromDescription(new DeployedRelease("1.4.0", null, "9fceb02d0ae5").Describe("deploying")));
        Assert.Null(DeployedRelease.FromDescription("1.4.0 rolled back: error rate above 5%"));
        Assert.Null(DeployedRelease.FromDescription(""));
    }

    [Fact]
    public void Descriptions_fit_GitHubs_140_characters_on_one_line()
    {
        var fitted = StatusDescription.Fit("rolled back: " + new string('x', 300) + "\nsecond line");

        Assert.Equal(140, fitted.Length);
        Assert.EndsWith("…", fitted, StringComparison.Ordinal);
        Assert.Equal("short reason one line", StatusDescription.Fit("short reason\none line"));
    }

    [Fact]
    public void The_run_log_url_comes_from_the_Actions_variables()
    {
        var variables = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REPOSITORY"] = "acme/service", ["GITHUB_RUN_ID"] = "42", ["GITHUB_SERVER_URL"] = "https://ghe.example" };

        Assert.Equal("https://ghe.example/acme/service/actions/runs/42", ActionsRun.FromEnvironment(v => variables.GetValueOrDefault(v))!.LogUrl.ToString());
        Assert.Null(ActionsRun.FromEnvironment(_ => null));
    }

    [Fact]
    public void Payloads_read_as_objects_or_json_strings()
    {
        using var asObject = System.Text.Json.JsonDocument.Parse("""{"payload":{"version":"1.2.3","digest":"sha256:ab"}}""");
        using var asString = System.Text.Json.JsonDocument.Parse("""{"payload":"{\"version\":\"1.2.3\"}"}""");
        using var empty = System.Text.Json.JsonDocument.Parse("""{"payload":{}}""");

        Assert.Equal(("1.2.3", "sha256:ab"), GitHubDeployments.ReadPayload(asObject.RootElement));
        Assert.Equal(("1.2.3", (string?)null), GitHubDeployments.ReadPayload(asString.RootElement));
        Assert.Equal(((string?)null, (string?)null), GitHubDeployments.ReadPayload(empty.RootElement));
    }

    [Theory]
    [InlineData("not base64!", "not base64")]
    [InlineData("2Sg8iYjAxxmI2LvUXpJjkYrMxURPc8r+dB7TJyvv1234", "has 33 bytes")]
    public void A_public_key_that_is_not_a_Curve25519_key_is_one_line(string key, string expected) =>
        Assert.Contains(expected, Assert.Throws<GitHubException>(() => SecretSealer.Seal("x", key)).Message, StringComparison.Ordinal);

    [Fact]
    public void Sealed_secrets_open_only_with_the_private_key()
    {
        var pair = PublicKeyBox.GenerateKeyPair();

        var sealedValue = SecretSealer.Seal("hunter2", Convert.ToBase64String(pair.PublicKey));

        Assert.DoesNotContain("hunter2", sealedValue, StringComparison.Ordinal);
        var opened = SealedPublicKeyBox.Open(Convert.FromBase64String(sealedValue), pair.PrivateKey, pair.PublicKey);
        Assert.Equal("hunter2", System.Text.Encoding.UTF8.GetString(opened));
    }
}
