namespace Collab.Silo.Notifications;

/// <summary>Twilio refused or failed a message: its error code and message, never the text sent.</summary>
public sealed class SmsDeliveryException(int? twilioCode, int httpStatus, string reason)
    : Exception($"Twilio refused the SMS (HTTP {httpStatus}, code {twilioCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}): {reason}")
{
    public int? TwilioCode { get; } = twilioCode;

    public int HttpStatus { get; } = httpStatus;
}
