using Collab.Contracts.Calls;
using Microsoft.Extensions.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>
/// Calls (<c>Video:*</c>, README "Settings"): the STUN/TURN servers browsers use to reach each other with the embedded
/// adapter (none by default: browsers on one network reach each other directly; a hospital runs coturn for the rest),
/// and, for tests only, loopback-only candidates.
/// </summary>
public sealed record VideoSettings(IReadOnlyList<IceServer> IceServers, bool LoopbackOnly = false)
{
    public static VideoSettings Default { get; } = new([]);

    public static VideoSettings Read(IConfiguration configuration)
    {
        var urls = (configuration["Video:IceServers"] ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.FirstOrDefault(u => !(u.StartsWith("stun:", StringComparison.Ordinal) || u.StartsWith("turn:", StringComparison.Ordinal) || u.StartsWith("turns:", StringComparison.Ordinal))) is { } wrong)
        {
            throw new InvalidSettingException("Video:IceServers", $"must be stun:, turn: or turns: addresses separated by ';' (not {wrong}), such as turns:turn.hopital.example:5349");
        }

        var username = configuration["Video:TurnUsername"];
        string? credential = null;
        if (configuration["Video:TurnPasswordFile"] is { } file)
        {
            credential = File.Exists(file)
                ? File.ReadAllText(file).Trim()
                : throw new InvalidSettingException("Video:TurnPasswordFile", $"no file at {Path.GetFullPath(file)}");
        }

        if ((username is null) != (credential is null))
        {
            throw new InvalidSettingException("Video:TurnUsername", "goes with Video:TurnPasswordFile (the TURN server's long-term credentials)");
        }

        IReadOnlyList<IceServer> servers =
        [
            .. urls.Where(u => u.StartsWith("stun:", StringComparison.Ordinal)).Select(u => new IceServer([u])),
            .. urls.Where(u => !u.StartsWith("stun:", StringComparison.Ordinal)).Select(u => new IceServer([u], username, credential)),
        ];
        return new VideoSettings(servers, configuration.ReadBoolean("Video:LoopbackOnly", false));
    }
}
