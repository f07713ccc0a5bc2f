namespace Collab.Silo.Hosting;

public static class HealthTags
{
    public const string Ready = "ready";
}
