using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Operations;

/// <summary>One page of a List call: <c>Marker</c> (the local Lambda issues the offset of the next item) and <c>MaxItems</c> (1 to 10000, default 50).</summary>
internal readonly record struct Paging(int Start, int Max)
{
    public static Paging Of(LambdaRequest request)
    {
        var max = request.QueryInt("MaxItems") ?? 50;
        if (max is < 1 or > 10000)
        {
            throw LambdaException.InvalidParameter("MaxItems must be between 1 and 10000.");
        }

        var start = 0;
        if (request.Query("Marker") is { } marker && !int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw LambdaException.InvalidParameter($"Invalid Marker: {marker}");
        }

        return new Paging(start, max);
    }

    public JsonObject Page(IReadOnlyList<JsonObject> all, string member)
    {
        var page = all.Skip(Start).Take(Max).ToList();
        var result = new JsonObject { [member] = LambdaJson.Array(page) };
        if (Start + page.Count < all.Count)
        {
            result["NextMarker"] = (Start + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }
}
