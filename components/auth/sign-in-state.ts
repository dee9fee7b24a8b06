/** What the sign-in server action returns to the form: an error to show and the email to keep. */
export type SignInState = { error: string | null; email: string };

export const initialSignInState: SignInState = { error: null, email: '' };
