namespace Pipeline.PublicApi.Tests.Sample;

/// <summary>A public type planted beside <see cref="Widget"/>: the comparison must report it.</summary>
public class Planted
{
    public void Leak()
    {
    }
}
