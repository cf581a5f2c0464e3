using Pipeline.Images.Pushing;
using Pipeline.Testing.Images;

namespace Pipeline.Images.Tests;

/// <summary>A registry that accepts connections and never answers: the push gives up after its timeout with one line.</summary>
public sealed class RegistryTimeoutTests
{
    [Fact]
    public async Task Registry_that_does_not_answer_times_out_with_one_line()
    {
        using var silent = new SilentServer();
        using var registryClient = new RegistryClient(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<RegistryUnavailableException>(() =>
            registryClient.GetManifestDigestAsync(ImageReference.Parse($"{silent.Host}/team/api:1"), new RegistryCredentials(silent.Host, "AWS", "password"), CancellationToken.None));

        Assert.Equal(
            $"Registry {silent.Host} did not answer within 1 s (HEAD http://{silent.Host}/v2/team/api/manifests/1); check the address, network and firewall.",
            error.Message);
    }
}
