namespace Collab.Silo.Notifications;

/// <summary>Settings under <c>Sms:Twilio:</c>; the Twilio adapter is used when <see cref="AccountSid"/> is set.</summary>
public sealed record TwilioOptions(string AccountSid, string AuthToken, string From, Uri BaseAddress)
{
    public static readonly Uri DefaultBaseAddress = new("https://api.twilio.com/");
}
