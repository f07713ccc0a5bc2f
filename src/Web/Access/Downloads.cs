namespace Collab.Web.Access;

/// <summary>Answers a browser saves as a file and no cache keeps.</summary>
public static class Downloads
{
    /// <summary>Marks the response as the private attachment <paramref name="fileName"/>.</summary>
    public static void Attachment(HttpResponse response, string fileName)
    {
        response.Headers.CacheControl = "private, no-store";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
    }
}
