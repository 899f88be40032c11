using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Portal;

/// <summary>
/// A form whose body has a NUL character (<c>%00</c>) is read here instead of by ASP.NET's form reader, which refuses
/// the whole body ("The form value contains invalid characters"): the antiforgery check then failed with a bare 400
/// and everything the person typed was lost. Read here, the NUL stays in its field, so the page answers as it does
/// for any other control character: the form again, with a field error (the portal's own rules, or the service's
/// refusal of control characters). Every other form is left to the framework.
/// </summary>
public static class FormsWithNul
{
    public static IApplicationBuilder UseFormsWithNul(this IApplicationBuilder app) => app.Use(ReadAsync);

    private static async Task ReadAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (HttpMethods.IsPost(request.Method) && request.ContentType is { } type &&
            type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var options = http.RequestServices.GetRequiredService<IOptions<FormOptions>>().Value;
            request.EnableBuffering();
            // Kestrel's request body limit bounds this read, as it bounds the framework's own.
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, http.RequestAborted);
            request.Body.Position = 0;
            var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
            if (HasNul(bytes)) http.Features.Set<IFormFeature>(new FormFeature(Parse(bytes, options)));
        }
        await next(http);
    }

    /// <summary>A NUL encoded (<c>%00</c>) or sent as it is.</summary>
    internal static bool HasNul(ReadOnlySpan<byte> body) => body.IndexOf((byte)0) >= 0 || body.IndexOf("%00"u8) >= 0;

    /// <summary>
    /// The form's names and values as the framework would decode them ('+' is a space, invalid UTF-8 becomes U+FFFD),
    /// but with NUL kept; within the same limits on the number and length of values.
    /// </summary>
    internal static FormCollection Parse(ReadOnlySpan<byte> body, FormOptions options)
    {
        var accumulator = new KeyValueAccumulator();
        while (body.Length > 0)
        {
            var end = body.IndexOf((byte)'&');
            var pair = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (pair.Length == 0) continue;
            var equals = pair.IndexOf((byte)'=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (name.Length > options.KeyLengthLimit || value.Length > options.ValueLengthLimit)
                throw new BadHttpRequestException("A form field's name or value is longer than the portal accepts.");
            accumulator.Append(name, value);
            if (accumulator.ValueCount > options.ValueCountLimit)
                throw new BadHttpRequestException("The form has more fields than the portal accepts.");
        }
        return new FormCollection(accumulator.HasValues ? accumulator.GetResults() : null);
    }

    private static string Decode(ReadOnlySpan<byte> encoded)
    {
        var bytes = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '+') b = (byte)' ';
            else if (b == '%' && i + 2 < encoded.Length && HexValue(encoded[i + 1]) is >= 0 and var high && HexValue(encoded[i + 2]) is >= 0 and var low)
            {
                b = (byte)(high * 16 + low);
                i += 2;
            }
            bytes[length++] = b;
        }
        return Encoding.UTF8.GetString(bytes, 0, length);
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
