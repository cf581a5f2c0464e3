namespace Pipeline.Deploy.Ecs.Tests;

public sealed class ImageReferenceTests
{
    private static readonly string Digest = "sha256:" + new string('b', 64);

    [Fact]
    public void An_ecr_image_by_digest_names_its_registry_repository_and_account()
    {
        var image = ImageReference.Parse($"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api@{Digest}");

        Assert.Equal("team/api", image.Repository);
        Assert.Equal(Digest, image.Digest);
        Assert.Equal("123456789012", image.EcrRegistryId);
    }

    [Theory]
    [InlineData("registry.example/api:1.2.3")]
    [InlineData("registry.example/api@sha256:abc")]
    public void An_image_not_by_digest_is_refused_with_what_to_pass(string image)
    {
        var error = Assert.Throws<DeployException>(() => ImageReference.Parse(image));

        Assert.Equal($"ECS deploys an image by digest, not '{image}': pass --image <registry>/<repository>@sha256:<64 hex> (the digest the image job pushed)", error.Message);
    }

    [Fact]
    public void A_local_registry_is_not_ecr()
    {
        Assert.Null(ImageReference.Parse($"127.0.0.1:5000/api@{Digest}").EcrRegistryId);
    }
}
