using Pipeline.Components.Services;
using Pipeline.Deploy;

namespace Pipeline.Components.Tests.Services;

/// <summary><c>--image</c> gives one digest per service, or one plain reference when one service is deployed.</summary>
public sealed class DeployImagesTests
{
    private static readonly string[] Declared = ["worker", "orchestrator"];

    [Fact]
    public void A_list_gives_each_named_service_its_image()
    {
        var images = DeployImages.Parse(
            "worker=127.0.0.1:5000/worker@sha256:aa, orchestrator=127.0.0.1:5000/orchestrator@sha256:bb", Declared, Declared);

        Assert.Equal("127.0.0.1:5000/worker@sha256:aa", images.For("worker"));
        Assert.Equal("127.0.0.1:5000/orchestrator@sha256:bb", images.For("orchestrator"));
    }

    [Fact]
    public void A_plain_reference_is_the_image_of_the_one_service_deployed()
    {
        Assert.Equal("registry.example/worker@sha256:aa", DeployImages.Parse("registry.example/worker@sha256:aa", Declared, ["worker"]).For("worker"));
        Assert.Equal("sha256:0123", DeployImages.Parse("sha256:0123", ["api"], ["api"]).For("api"));
        Assert.Empty(DeployImages.Parse(null, Declared, Declared).ByService);
    }

    [Theory]
    [InlineData("registry.example/worker@sha256:aa", "--image: 'registry.example/worker@sha256:aa' names no service, and 2 services are deployed (worker, orchestrator): pass --image <service>=<repository@sha256:…>,… or --service <name>")]
    [InlineData("workr=r/w@sha256:aa", "--image: unknown service 'workr': the build declares worker, orchestrator")]
    [InlineData("worker=r/w@sha256:aa,worker=r/w@sha256:bb", "--image: service 'worker' is given twice: give each service one image")]
    [InlineData("worker=r/w@sha256:aa,r/o@sha256:bb", "--image: 'r/o@sha256:bb' names no service: give each image as <service>=<repository@sha256:…> when several are given")]
    [InlineData("worker=", "--image: the image of 'worker' is empty: pass worker=<repository@sha256:…>")]
    public void A_wrong_list_is_refused_in_one_line(string value, string expected)
    {
        var error = Assert.Throws<DeploySettingsException>(() => DeployImages.Parse(value, Declared, Declared));
        Assert.Equal(expected, error.Message);
    }
}
