using System.Buffers.Binary;
using Collab.Contracts.Errors;

namespace Collab.Web.Knowledge;

/// <summary>
/// Strips what a picture says besides its pixels before it joins an anonymous case: in a JPEG the EXIF and XMP blocks
/// (camera, owner, date, GPS position), comments and maker notes — every APPn segment but JFIF (APP0), the colour
/// profile (APP2 ICC_PROFILE) and Adobe's colour transform (APP14); in a PNG the text, EXIF and time chunks. The pixels
/// are left as they are: what they show (a face, a name on a label) is the asker's to check, and the page says so.
/// The EXIF orientation goes with the rest, so a photo taken sideways shows sideways.
/// </summary>
public static class ImageMetadata
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly HashSet<string> PngDropped = ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"];

    /// <summary>The picture without its metadata, and its content type; a clear refusal for anything but a whole PNG or JPEG.</summary>
    public static (byte[] Image, string ContentType) Strip(ReadOnlySpan<byte> image)
    {
        if (image.StartsWith(PngSignature) && StripPng(image) is { } png)
        {
            return (png, "image/png");
        }

        if (image is [0xFF, 0xD8, 0xFF, ..] && StripJpeg(image) is { } jpeg)
        {
            return (jpeg, "image/jpeg");
        }

        throw DomainException.Invalid([new("image", "must be a whole PNG or JPEG picture")]);
    }

    private static byte[]? StripPng(ReadOnlySpan<byte> image)
    {
        var output = new MemoryStream(image.Length);
        output.Write(PngSignature);
        var at = PngSignature.Length;
        while (at + 12 <= image.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(image[at..]);
            if (length > image.Length - at - 12)
            {
                return null;
            }

            var whole = image.Slice(at, 12 + (int)length);
            var type = System.Text.Encoding.ASCII.GetString(whole.Slice(4, 4));
            if (!PngDropped.Contains(type))
            {
                output.Write(whole);
            }

            at += whole.Length;
            if (type == "IEND")
            {
                return output.ToArray();
            }
        }

        return null; // no IEND: cut short
    }

    private static byte[]? StripJpeg(ReadOnlySpan<byte> image)
    {
        var output = new MemoryStream(image.Length);
        output.Write(image[..2]); // SOI
        var at = 2;
        while (at + 4 <= image.Length)
        {
            if (image[at] != 0xFF)
            {
                return null;
            }

            var marker = image[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(image[(at + 2)..]);
            if (length < 2 || at + 2 + length > image.Length)
            {
                return null;
            }

            var segment = image.Slice(at, 2 + length);
            if (marker == 0xDA)
            {
                output.Write(image[at..]); // start of scan: the compressed pixels to the end, as they are
                return output.ToArray();
            }

            if (Keeps(marker, segment[4..]))
            {
                output.Write(segment);
            }

            at += segment.Length;
        }

        return null;
    }

    // APP0 (JFIF), APP2 when it is the ICC profile, APP14 (Adobe); no other APPn and no comment (COM).
    private static bool Keeps(byte marker, ReadOnlySpan<byte> payload) => marker switch
    {
        0xE0 or 0xEE => true,
        0xE2 => payload.StartsWith("ICC_PROFILE"u8),
        >= 0xE0 and <= 0xEF or 0xFE => false,
        _ => true,
    };
}
