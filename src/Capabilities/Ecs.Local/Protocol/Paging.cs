using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipeline.Ecs.Local.Protocol;

/// <summary>
/// One page of a List* call: <c>maxResults</c> (1 to 100, each operation has its default) and <c>nextToken</c>, which the
/// local ECS issues as the offset of the next item.
/// </summary>
internal readonly record struct Paging(int Start, int Max)
{
    public static Paging Of(EcsRequest request, int defaultMax)
    {
        var max = request.Int("maxResults") ?? defaultMax;
        if (max is < 1 or > 100)
        {
            throw EcsException.InvalidParameter("maxResults must be between 1 and 100.");
        }

        var start = 0;
        if (request.String("nextToken") is { } token && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw EcsException.InvalidParameter("Invalid nextToken.");
        }

        return new Paging(start, max);
    }

    /// <summary>The page of <paramref name="all"/> under <paramref name="member"/>, with a nextToken when more follow.</summary>
    public JsonObject Page<T>(IReadOnlyList<T> all, string member, Func<IReadOnlyList<T>, JsonNode> render)
    {
        var page = all.Skip(Start).Take(Max).ToList();
        var result = new JsonObject { [member] = render(page) };
        if (Start + page.Count < all.Count)
        {
            result["nextToken"] = (Start + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }
}
