namespace Pipeline.Deploy.Edge;

/// <summary>
/// The whole routing decision of the edge, replaced atomically by <see cref="EdgeClient.SetRoutesAsync"/>.
/// A missing colour has no upstream (weight 0). Weights of present colours sum to 100, unless no colour is present.
/// </summary>
/// <param name="Blue">The blue upstream, or null.</param>
/// <param name="Green">The green upstream, or null.</param>
/// <param name="Test">The colour the test listener sends every request to (ECS's test listener), or null.</param>
public sealed record RouteTable(UpstreamRoute? Blue, UpstreamRoute? Green, EdgeColour? Test = null)
{
    /// <summary>No upstream: the public listener answers 503.</summary>
    public static RouteTable Empty { get; } = new(null, null);

    /// <summary>The upstream of a colour, or null.</summary>
    public UpstreamRoute? this[EdgeColour colour] => colour == EdgeColour.Blue ? Blue : Green;

    /// <summary>Production weight of a colour (0 when it has no upstream).</summary>
    public int WeightOf(EdgeColour colour) => this[colour]?.Weight ?? 0;

    /// <summary>A copy with one colour's upstream replaced (null removes it).</summary>
    public RouteTable With(EdgeColour colour, UpstreamRoute? route) =>
        colour == EdgeColour.Blue ? this with { Blue = route } : this with { Green = route };

    /// <summary>A copy with new weights; a colour without upstream must get weight 0.</summary>
    public RouteTable WithWeights(int blue, int green) => this with
    {
        Blue = Blue is null ? null : Blue with { Weight = blue },
        Green = Green is null ? null : Green with { Weight = green },
    };

    /// <summary>Null when the table is valid; otherwise one line saying what is wrong.</summary>
    public string? Validate()
    {
        foreach (var colour in EdgeColours.All)
        {
            if (this[colour] is not { } route)
            {
                continue;
            }

            var name = colour.ToText();
            if (route.Address is null)
            {
                return $"{name}: address is missing";
            }

            if (!route.Address.IsAbsoluteUri || route.Address.Scheme != Uri.UriSchemeHttp)
            {
                return $"{name}: address '{route.Address}' must be an absolute http:// URL";
            }

            if (route.Weight is < 0 or > 100)
            {
                return $"{name}: weight {route.Weight} is outside 0..100";
            }
        }

        var present = (Blue is null ? 0 : 1) + (Green is null ? 0 : 1);
        var sum = WeightOf(EdgeColour.Blue) + WeightOf(EdgeColour.Green);
        if (present > 0 && sum != 100)
        {
            return $"weights must sum to 100 (blue {WeightOf(EdgeColour.Blue)} + green {WeightOf(EdgeColour.Green)} = {sum})";
        }

        if (Test is { } test && this[test] is null)
        {
            return $"test colour {test.ToText()} has no upstream";
        }

        return null;
    }

    /// <summary>"blue 100 / green 0 (test green)": for logs.</summary>
    public override string ToString()
    {
        var parts = EdgeColours.All.Where(c => this[c] is not null).Select(c => $"{c.ToText()} {WeightOf(c)}");
        var text = string.Join(" / ", parts);
        if (text.Length == 0)
        {
            text = "no upstream";
        }

        return Test is { } t ? $"{text} (test {t.ToText()})" : text;
    }
}
