namespace Pipeline.PublicApi.Tests;

/// <summary>The snapshot comparison catches a planted public member, a removed one and a changed signature.</summary>
public sealed class ApiDifferenceTests
{
    [Fact]
    public void A_planted_public_type_is_reported_as_added_with_each_of_its_members()
    {
        var approved = ApiSurface.Of("Sample", typeof(Sample.Widget));
        var current = ApiSurface.Of("Sample", typeof(Sample.Widget), typeof(Sample.Planted));

        var difference = ApiDifference.Between(approved, current);

        Assert.Empty(difference.Removed);
        Assert.Equal(
            [
                "public class Planted  (in Pipeline.PublicApi.Tests.Sample)",
                "public Planted() { }  (in Pipeline.PublicApi.Tests.Sample / public class Planted)",
                "public void Leak() { }  (in Pipeline.PublicApi.Tests.Sample / public class Planted)",
            ],
            difference.Added);
    }

    [Fact]
    public void A_member_planted_in_an_existing_type_and_one_removed_are_both_named_with_their_type()
    {
        var current = ApiSurface.Of("Sample", typeof(Sample.Widget));
        var approved = current
            .Replace("        public int Size { get; }\n", "", StringComparison.Ordinal)
            .Replace("        public void Spin() { }\n", "        public void Spin() { }\n        public void Stop() { }\n", StringComparison.Ordinal);
        Assert.NotEqual(current, approved);

        var difference = ApiDifference.Between(approved, current);

        Assert.Equal(["public int Size { get; }  (in Pipeline.PublicApi.Tests.Sample / public class Widget)"], difference.Added);
        Assert.Equal(["public void Stop() { }  (in Pipeline.PublicApi.Tests.Sample / public class Widget)"], difference.Removed);
        var message = difference.Describe("Sample", "src/Sample/PublicApi.txt");
        Assert.StartsWith("The public API of Sample differs from src/Sample/PublicApi.txt (1 added, 1 removed):\n  + public int Size", message, StringComparison.Ordinal);
        Assert.Contains("  - public void Stop() { }", message, StringComparison.Ordinal);
        Assert.Contains("./build.sh ApiSnapshot", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Internal_and_private_members_are_not_surface()
    {
        var surface = ApiSurface.Of("Sample", typeof(Sample.Widget));

        Assert.Contains("public void Spin() { }", surface, StringComparison.Ordinal);
        Assert.Contains("protected virtual void OnSpun() { }", surface, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden", surface, StringComparison.Ordinal);
        Assert.StartsWith("// The public API of Sample. Generated: ./build.sh ApiSnapshot", surface, StringComparison.Ordinal);
        Assert.True(ApiDifference.Between(surface, ApiSurface.Of("Sample", typeof(Sample.Widget))).IsEmpty);
    }
}
