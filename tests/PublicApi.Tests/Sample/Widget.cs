namespace Pipeline.PublicApi.Tests.Sample;

/// <summary>A small public type whose surface the comparison tests read.</summary>
public class Widget
{
    public int Size { get; }

    public void Spin()
    {
        Hidden();
        OnSpun();
    }

    protected virtual void OnSpun()
    {
    }

    internal void Hidden()
    {
    }
}
