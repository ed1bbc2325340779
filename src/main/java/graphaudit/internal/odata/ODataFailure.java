package graphaudit.internal.odata;

import org.apache.olingo.commons.api.ex.ODataException;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataServerError;
import org.apache.olingo.server.api.deserializer.DeserializerException;
import org.apache.olingo.server.api.etag.PreconditionException;
import org.apache.olingo.server.api.serializer.SerializerException;
import org.apache.olingo.server.core.ContentNegotiatorException;
import org.apache.olingo.server.core.ODataExceptionHelper;
import org.apache.olingo.server.core.ODataHandlerException;
import org.apache.olingo.server.core.uri.parser.UriParserException;
import org.apache.olingo.server.core.uri.parser.UriParserSemanticException;
import org.apache.olingo.server.core.uri.parser.UriParserSyntaxException;
import org.apache.olingo.server.core.uri.validator.UriValidationException;

/**
 * A request Olingo or one of our processors refused, with the status and message Olingo gives it (its
 * own exception ladder, as in {@code ODataHandlerImpl.process}). The pipeline's error mapping turns it
 * into Graph's reply.
 */
public final class ODataFailure extends RuntimeException {

  private final int status;

  ODataFailure(int status, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
  }

  /** The status Olingo assigns. */
  public int status() {
    return status;
  }

  /** Olingo's status and message for one of its exceptions or an {@link ODataApplicationException}. */
  static ODataFailure of(ODataException e) {
    ODataServerError error = serverError(e);
    return new ODataFailure(error.getStatusCode(), error.getMessage(), error.getException());
  }

  private static ODataServerError serverError(ODataException e) {
    if (e instanceof ODataApplicationException x) {
      return ODataExceptionHelper.createServerErrorObject(x);
    } else if (e instanceof UriValidationException x) {
      return ODataExceptionHelper.createServerErrorObject(x, null);
    } else if (e instanceof UriParserSemanticException x) {
      return ODataExceptionHelper.createServerErrorObject(x, null);
    } else if (e instanceof UriParserSyntaxException x) {
      return ODataExceptionHelper.createServerErrorObject(x, null);
    } else if (e instanceof UriParserException x) {
      return ODataExceptionHelper.createServerErrorObject(x, null);
    } else if (e instanceof ContentNegotiatorException x) {
      return ODataExceptionHelper.createServerErrorObject(x, null);
    } else if (e instanceof SerializerException x) {
      return ODataExceptionHelper.createServerErrorObject(x, null);
    } else if (e instanceof DeserializerException x) {
      return ODataExceptionHelper.createServerErrorObject(x, null);
    } else if (e instanceof PreconditionException x) {
      return ODataExceptionHelper.createServerErrorObject(x, null);
    } else if (e instanceof ODataHandlerException x) {
      return ODataExceptionHelper.createServerErrorObject(x, null);
    } else if (e instanceof ODataLibraryException x) {
      return ODataExceptionHelper.createServerErrorObject(x, null);
    }
    return ODataExceptionHelper.createServerErrorObject(e);
  }
}
