using Pipeline.Images.Pushing;

namespace Pipeline.Images.Tests;

public sealed class DigestRecordTests
{
    private const string Digest = "sha256:ae5c85ccbc778f13c1fd053d4f9b00c24ee1130c89b7e6fb8764947377a420d1";

    [Fact]
    public async Task Writes_the_digest_artifact_and_reads_it_back()
    {
        var directory = Path.Combine(Path.GetTempPath(), "digest-" + Guid.NewGuid().ToString("N")[..8]);
        var artifact = Path.Combine(directory, "artifacts", "image.txt");
        var image = new PushedImage(ImageReference.Parse("127.0.0.1:5000/team/api:sha-0123"), Digest, false, 2, 1, 1000);

        await DigestRecord.WriteAsync(image, artifact, CancellationToken.None);

        Assert.Equal($"127.0.0.1:5000/team/api@{Digest}\n", await File.ReadAllTextAsync(artifact));
        Assert.Equal(Digest, (await DigestRecord.ReadAsync(artifact, CancellationToken.None)).Digest);
    }

    [Fact]
    public void Credentials_never_print_the_password()
    {
        var credentials = new RegistryCredentials("127.0.0.1:5000", "AWS", "s3cr3t-token");

        Assert.DoesNotContain("s3cr3t", credentials.ToString(), StringComparison.Ordinal);
    }
}
