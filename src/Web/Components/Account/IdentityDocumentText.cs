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

    /// <summary>
    /// The document the posted form carries, read and <see cref="IdentityDocuments.Check">checked</see> (InvalidInput on
    /// "document" otherwise); null when the file input was left empty (it posts an empty part).
    /// </summary>
    public static async Task<MemoryStream?> ReadPostedAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType || http.Request.Form.Files.GetFile(Field) is not { Length: > 0 } file)
        {
            return null;
        }

        await using var upload = file.OpenReadStream();
        var content = await IdentityDocuments.ReadAsync(upload, http.RequestAborted);
        IdentityDocuments.Check(content, content.Length);
        return content;
    }

    /// <summary>Stores the posted document for <paramref name="practitioner"/>; InvalidInput when none was chosen.</summary>
    public static async Task AttachAsync(IdentityDocuments documents, HttpContext http, Guid practitioner, Caller caller)
    {
        using var content = await ReadPostedAsync(http) ?? throw DomainException.Invalid([new(Field, "choose a file")]);
        await documents.AttachAsync(practitioner, content, content.Length, caller, http.RequestAborted);
    }
}
