using Collab.Contracts.Errors;

namespace Collab.Web.Consultations;

/// <summary>
/// How long each free text of a consultation may be, checked on the web side of the crypto boundary (the grains see
/// only ciphertext) and shown in the forms (<c>maxlength</c>) before anything is sent. The live connections (Blazor
/// circuits, <see cref="Live.ConsultationHub"/>) accept messages big enough for the longest.
/// </summary>
public static class TextLimits
{
    /// <summary>The question asked of the expert.</summary>
    public const int Question = 2_000;

    /// <summary>The clinical context of a request.</summary>
    public const int Description = 50_000;

    /// <summary>The expert's opinion.</summary>
    public const int Opinion = 50_000;

    /// <summary>A message of the discussion.</summary>
    public const int Message = 20_000;

    /// <summary>
    /// What a live connection must accept in one message: the longest text, each character written as a JSON escape
    /// (6 bytes) at worst, plus the envelope of the call.
    /// </summary>
    public const long LiveMessageBytes = (Description * 6) + (64 * 1024);

    /// <summary>
    /// Lets a connection buffer a whole message of <see cref="LiveMessageBytes"/> before applying backpressure (64 KB by
    /// default), so the longest text arrives in one go.
    /// </summary>
    public static void Buffer(Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions options)
    {
        options.TransportMaxBufferSize = LiveMessageBytes;
        options.ApplicationMaxBufferSize = LiveMessageBytes;
    }

    /// <summary>The rule an empty text breaks.</summary>
    public const string RequiredRule = "is required";

    /// <summary>The rule a text longer than <paramref name="limit"/> breaks.</summary>
    public static string TooLongRule(int limit) => $"must be at most {limit} characters";

    /// <summary>What is wrong with <paramref name="text"/> as <paramref name="field"/> (empty, or longer than <paramref name="limit"/> once trimmed), or null.</summary>
    public static FieldError? Check(string field, string? text, int limit) =>
        string.IsNullOrWhiteSpace(text) ? new(field, RequiredRule)
        : text.Trim().Length > limit ? new(field, TooLongRule(limit))
        : null;

    /// <summary>Throws InvalidInput when <paramref name="text"/> breaks <see cref="Check"/>.</summary>
    public static void Require(string field, string? text, int limit)
    {
        if (Check(field, text, limit) is { } error)
        {
            throw DomainException.Invalid([error]);
        }
    }
}
