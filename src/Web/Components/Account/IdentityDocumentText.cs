using System.Globalization;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Web.Practitioners;

namespace Collab.Web.Components.Account;

/// <summary>The identity document as pages show and take it: its kind and size in words, and the file posted with a form.</summary>
public static class IdentityDocumentText
{
    /// <summary>The form field the document comes in.</summary>
    public const string Field = "document";

    public static string Kind(string contentType) => contentType switch
    {
        "application/pdf" => "PDF",
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        _ => contentType,
    };

    public static string Size(long bytes) => string.Create(CultureInfo.CurrentCulture, $"{Math.Max(1, bytes / 1024)} Ko");

    /// <summary>Whether the posted form carries a document (a file input left empty posts an empty part).</summary>
    public static IFormFile? Posted(HttpContext http) =>
        http.Request.HasFormContentType && http.Request.Form.Files.GetFile(Field) is { Length: > 0 } file ? file : null;

    /// <summary>Stores the posted document for <paramref name="practitioner"/>; InvalidInput when none was chosen.</summary>
    public static async Task AttachAsync(IdentityDocuments documents, HttpContext http, Guid practitioner, Caller caller)
    {
        var file = Posted(http) ?? throw DomainException.Invalid([new(Field, "choose a file")]);
        await using var upload = file.OpenReadStream();
        using var content = await IdentityDocuments.ReadAsync(upload, http.RequestAborted);
        await documents.AttachAsync(practitioner, content, content.Length, caller, http.RequestAborted);
    }
}
