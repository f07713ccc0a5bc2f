namespace Collab.Silo.Hosting;

/// <summary>How logs are written to the console.</summary>
public enum LogFormat
{
    Plain,
    Json,
}
