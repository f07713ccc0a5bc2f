using Collab.Silo.Notifications;

namespace Collab.Silo.Calls;

/// <summary>
/// Twilio Video (<c>Video:Twilio:*</c>): the account, the API key the room requests and the tokens are signed with
/// (its secret at least 128 bits), the account's auth token (Twilio signs its status callbacks with it), and where
/// Twilio posts them (<c>{Web:PublicUrl}webhooks/twilio/video</c>).
/// </summary>
public sealed record TwilioVideoOptions(string AccountSid, string ApiKeySid, string ApiKeySecret, string AuthToken, Uri StatusCallback, Uri BaseAddress)
{
    /// <summary>How long a participant's token lets them connect.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The path of the status callback webhook.</summary>
    public const string CallbackPath = "webhooks/twilio/video";

    public static Uri DefaultBaseAddress => TwilioOptions.DefaultBaseAddress;
}
