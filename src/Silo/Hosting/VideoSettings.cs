using Collab.Contracts.Calls;
using Microsoft.Extensions.Configuration;

namespace Collab.Silo.Hosting;

/// <summary>
/// Calls (<c>Video:*</c>, README "Settings"): the STUN/TURN servers browsers use to reach each other with the embedded
/// adapter (none by default: browsers on one network reach each other directly; a hospital runs coturn for the rest),
/// for tests only, loopback-only candidates; and Twilio Video instead, when <c>Video:Twilio:AccountSid</c> is set.
/// </summary>
public sealed record VideoSettings(IReadOnlyList<IceServer> IceServers, bool LoopbackOnly = false, Calls.TwilioVideoOptions? Twilio = null)
{
    public static VideoSettings Default { get; } = new([]);

    public static VideoSettings Read(IConfiguration configuration, Uri publicUrl)
    {
        var urls = (configuration["Video:IceServers"] ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.FirstOrDefault(u => !(u.StartsWith("stun:", StringComparison.Ordinal) || u.StartsWith("turn:", StringComparison.Ordinal) || u.StartsWith("turns:", StringComparison.Ordinal))) is { } wrong)
        {
            throw new InvalidSettingException("Video:IceServers", $"must be stun:, turn: or turns: addresses separated by ';' (not {wrong}), such as turns:turn.hopital.example:5349");
        }

        var username = configuration["Video:TurnUsername"];
        var credential = configuration.ReadSecretFile("Video:TurnPasswordFile");

        if ((username is null) != (credential is null))
        {
            throw new InvalidSettingException("Video:TurnUsername", "goes with Video:TurnPasswordFile (the TURN server's long-term credentials)");
        }

        IReadOnlyList<IceServer> servers =
        [
            .. urls.Where(u => u.StartsWith("stun:", StringComparison.Ordinal)).Select(u => new IceServer([u])),
            .. urls.Where(u => !u.StartsWith("stun:", StringComparison.Ordinal)).Select(u => new IceServer([u], username, credential)),
        ];
        return new VideoSettings(servers, configuration.ReadBoolean("Video:LoopbackOnly", false), ReadTwilio(configuration, publicUrl));
    }

    private static Calls.TwilioVideoOptions? ReadTwilio(IConfiguration configuration, Uri publicUrl)
    {
        if (configuration["Video:Twilio:AccountSid"] is not { } sid)
        {
            return null;
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(sid, "^AC[0-9a-fA-F]{32}$"))
        {
            throw new InvalidSettingException("Video:Twilio:AccountSid", "must be a Twilio Account SID (AC followed by 32 hexadecimal characters)");
        }

        var key = configuration["Video:Twilio:ApiKeySid"] is { } k && System.Text.RegularExpressions.Regex.IsMatch(k, "^SK[0-9a-fA-F]{32}$") ? k
            : throw new InvalidSettingException("Video:Twilio:ApiKeySid", "must be a Twilio API key SID (SK followed by 32 hexadecimal characters)");
        var secret = Secret(configuration, "Video:Twilio:ApiKeySecretFile");
        if (System.Text.Encoding.UTF8.GetByteCount(secret) < 16)
        {
            throw new InvalidSettingException("Video:Twilio:ApiKeySecretFile", "must hold the API key's secret, at least 128 bits (Twilio's are 32 characters)");
        }

        var baseAddress = configuration["Video:Twilio:BaseAddress"] is { } b
            ? Uri.TryCreate(b, UriKind.Absolute, out var uri) ? uri : throw new InvalidSettingException("Video:Twilio:BaseAddress", "must be an absolute URL")
            : Calls.TwilioVideoOptions.DefaultBaseAddress;
        return new Calls.TwilioVideoOptions(sid, key, secret, Secret(configuration, "Video:Twilio:AuthTokenFile"), new Uri(publicUrl, Calls.TwilioVideoOptions.CallbackPath), baseAddress);
    }

    private static string Secret(IConfiguration configuration, string key) =>
        configuration.ReadSecretFile(key) ?? throw new InvalidSettingException(key, "is required with Video:Twilio:AccountSid (a file outside the repository, mode 0600)");
}
