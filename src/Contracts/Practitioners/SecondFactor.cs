namespace Collab.Contracts.Practitioners;

/// <summary>Second factors, and the channels one-time codes go through.</summary>
public enum SecondFactor
{
    /// <summary>A one-time code sent by email.</summary>
    EmailCode = 1,
    /// <summary>A one-time code sent by SMS.</summary>
    SmsCode = 2,
    /// <summary>A code from an authenticator app (RFC 6238, 30 s steps).</summary>
    Totp = 3,
    /// <summary>A token from "remember this device".</summary>
    RememberedDevice = 4,
    /// <summary>A passkey (WebAuthn): the code is the browser's assertion, as JSON.</summary>
    Passkey = 5,
}
