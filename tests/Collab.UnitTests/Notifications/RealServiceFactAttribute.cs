namespace Collab.UnitTests.Notifications;

/// <summary>Runs only when the real service's test credentials are in the environment; skipped (and counted as skipped) otherwise.</summary>
public sealed class RealServiceFactAttribute : FactAttribute
{
    public RealServiceFactAttribute(params string[] variables)
    {
        var missing = variables.Where(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))).ToList();
        if (missing.Count > 0)
        {
            Skip = "needs " + string.Join(", ", missing);
        }
    }
}
