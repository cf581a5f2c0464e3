using Pipeline.Images.Building;

namespace Pipeline.Images.Tests;

public sealed class ImageTagsTests
{
    private const string Sha = "0123456789ABCDEF0123456789abcdef01234567";

    [Fact]
    public void Tags_from_sha_branch_and_version()
    {
        var tags = ImageTags.For(new ImageSource(Sha, "refs/heads/feature/Login+SSO", "v1.2.3+build.7"));

        Assert.Equal(["sha-0123456789ab", "feature-Login-SSO", "1.2.3-build.7"], tags);
    }

    [Theory]
    [InlineData("main", "main")]
    [InlineData("-weird..branch-", "weird..branch")]
    [InlineData("users/ann/fix #12", "users-ann-fix-12")]
    [InlineData(".hidden", "hidden")]
    public void Sanitises_to_valid_tag_characters(string value, string expected)
    {
        var tag = ImageTags.Sanitize(value);

        Assert.Equal(expected, tag);
        Assert.True(ImageReference.TryParse("api:" + tag, out _));
    }

    [Fact]
    public void Long_branches_are_cut_to_128()
    {
        Assert.Equal(128, ImageTags.Sanitize(new string('a', 300)).Length);
    }

    [Fact]
    public void Rejects_a_non_hex_sha()
    {
        Assert.Throws<ArgumentException>(() => ImageTags.For(new ImageSource("main")));
    }

    [Fact]
    public void Oci_labels_use_the_given_creation_time()
    {
        var labels = OciLabels.For(new ImageSource(Sha, "main", "v2.0.0", "https://github.com/acme/api", new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(1))));

        Assert.Equal("https://github.com/acme/api", labels[OciLabels.Source]);
        Assert.Equal(Sha.ToLowerInvariant(), labels[OciLabels.Revision]);
        Assert.Equal("2026-11-22T09:00:00Z", labels[OciLabels.Created]);
        Assert.Equal("2.0.0", labels[OciLabels.Version]);
    }
}
