/**
 * The pack's mailets: {@code RejectAtSmtp}, {@code SilentDiscard} and {@code WarnRecipientWithAttachment}
 * (issue "Reject during the SMTP dialogue ..."). Nothing ships here yet.
 */
package org.accessdenied.mailets;
