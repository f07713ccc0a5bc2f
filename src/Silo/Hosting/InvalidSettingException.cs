namespace Collab.Silo.Hosting;

/// <summary>
/// A setting that breaks its rule. Hosts catch it at start-up and print its message alone, as one
/// line naming the setting, its environment variable and the rule.
/// </summary>
public sealed class InvalidSettingException(string setting, string rule)
    : Exception($"Invalid setting {setting} ({EnvironmentVariable(setting)}): {rule}")
{
    public string Setting { get; } = setting;

    /// <summary>The environment variable that sets <paramref name="setting"/> ("Cluster:Mode" → COLLAB_CLUSTER__MODE).</summary>
    public static string EnvironmentVariable(string setting) =>
        "COLLAB_" + setting.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant();
}
