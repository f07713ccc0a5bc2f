using System.Text;
using Collab.Contracts.Errors;
using Collab.Testing;
using Collab.Web.Knowledge;

namespace Collab.WebTests.Knowledge;

public sealed class ImageMetadataTests
{
    private const string Planted = "Durandeau Maryse 14/03/1958";

    [Fact]
    public void A_png_loses_its_text_and_time_chunks_and_keeps_its_pixels()
    {
        var original = TestImages.Png(Planted);

        var (image, type) = ImageMetadata.Strip(original);

        Assert.Equal("image/png", type);
        Assert.DoesNotContain(Planted, Encoding.Latin1.GetString(image), StringComparison.Ordinal);
        Assert.DoesNotContain("tIME", Encoding.Latin1.GetString(image), StringComparison.Ordinal);
        Assert.Equal(original.Length - (12 + 7 + Planted.Length) - (12 + 7) - (12 + 12 + Planted.Length), image.Length); // tEXt, tIME and iTXt out, nothing else
        Assert.Equal(original[..33], image[..33]); // the signature and the header chunk as they were
        Assert.EndsWith("IEND", Encoding.Latin1.GetString(image[..^4]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_loses_its_exif_xmp_and_comment_and_keeps_jfif_tables_and_scan()
    {
        var original = TestImages.JpegLayout(Planted);

        var (image, type) = ImageMetadata.Strip(original);

        var text = Encoding.Latin1.GetString(image);
        Assert.Equal("image/jpeg", type);
        Assert.DoesNotContain(Planted, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exif", text, StringComparison.Ordinal);
        Assert.DoesNotContain("GPS", text, StringComparison.Ordinal);
        Assert.Contains("JFIF", text, StringComparison.Ordinal);
        Assert.Equal(original[^13..], image[^13..]); // the scan to the end, byte for byte
    }

    [Theory]
    [InlineData("GIF89a")]
    [InlineData("%PDF-1.4")]
    [InlineData("")]
    public void Anything_else_is_refused_clearly(string start)
    {
        var refused = Assert.Throws<DomainException>(() => ImageMetadata.Strip(Encoding.ASCII.GetBytes(start + " rest of the file")));

        Assert.Equal("image", Assert.Single(refused.Errors).Field);
    }

    [Fact]
    public void A_picture_cut_short_is_refused()
    {
        var png = TestImages.Png("x");
        var jpeg = TestImages.JpegLayout("x");

        Assert.Throws<DomainException>(() => ImageMetadata.Strip(png[..^20]));
        Assert.Throws<DomainException>(() => ImageMetadata.Strip(jpeg[..40]));
    }
}
