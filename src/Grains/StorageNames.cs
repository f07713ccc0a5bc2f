namespace Collab.Grains;

/// <summary>Names of the Orleans storage providers the grains persist through.</summary>
public static class StorageNames
{
    /// <summary>The ADO.NET (PostgreSQL) grain storage.</summary>
    public const string Collab = "collab";
}
